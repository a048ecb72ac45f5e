namespace DataLocal.NameNode.Datanodes;

/// <summary>Told when a datanode is declared dead, so work running there can be redone elsewhere at once.</summary>
public interface IDatanodeLossListener
{
    void OnDatanodeLost(string nodeId);
}
